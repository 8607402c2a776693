import { type AssetStage, STAGE_LABELS } from '@itam/domain';

/** The stage as a coloured pill; the label carries the meaning, the colour only helps. */
export function LifecycleBadge({ stage }: { stage: AssetStage }) {
  return (
    <span className={`badge stage-${stage}`} data-testid="stage-badge" data-stage={stage}>
      <span className="badge-dot" aria-hidden="true" />
      {STAGE_LABELS[stage]}
    </span>
  );
}
