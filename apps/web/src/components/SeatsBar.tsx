/** Seats in use against seats owned, as a bar with its numbers; read out as "3 of 10 seats used". */
export function SeatsBar({ used, owned }: { used: number; owned: number }) {
  const share = owned > 0 ? Math.min(1, used / owned) : 0;
  const tone = used >= owned ? 'full' : share >= 0.8 ? 'high' : 'ok';
  const label = `${used} of ${owned} ${owned === 1 ? 'seat' : 'seats'} used`;
  return (
    <span className={`seats seats-${tone}`} data-testid="seats-bar" data-used={used} data-owned={owned}>
      <span className="seats-track" role="img" aria-label={label} title={label}>
        <span className="seats-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      <span className="seats-count" aria-hidden="true">
        {used} / {owned}
      </span>
    </span>
  );
}
