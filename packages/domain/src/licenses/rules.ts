import { allow, refuse, type Verdict } from '../result.ts';

export interface SeatFacts {
  seats: number;
  used: number;
  expiryDate: string | null;
  /** Whether the user already holds a seat of this license. */
  alreadyHeld: boolean;
  assignee: { disabled: boolean };
}

/** A license whose expiry date has passed (a license expiring today is still valid today). */
export function isExpired(expiryDate: string | null, today: string): boolean {
  return expiryDate !== null && expiryDate < today;
}

/**
 * May one more seat be given? The database guarantees the count under concurrency (a CHECK on
 * the locked license row); this gives the reason in words.
 */
export function decideSeatAssignment(facts: SeatFacts, today: string, requested = 1): Verdict {
  if (isExpired(facts.expiryDate, today)) {
    return refuse(
      'LICENSE_EXPIRED',
      `The license expired on ${facts.expiryDate}; renew it before assigning seats.`,
      {
        expiryDate: facts.expiryDate,
      },
    );
  }
  if (facts.assignee.disabled)
    return refuse('USER_DISABLED', 'A disabled account cannot receive assets or seats.');
  if (facts.alreadyHeld)
    return refuse('SEAT_ALREADY_ASSIGNED', 'That person already has a seat of this license.');
  if (facts.used + requested > facts.seats) {
    return refuse('SEATS_EXHAUSTED', seatsExhaustedMessage(facts.seats, facts.used, requested), {
      seats: facts.seats,
      used: facts.used,
      requested,
    });
  }
  return allow();
}

/** Says whether no seat is free at all, or only fewer than were asked for at once. */
function seatsExhaustedMessage(seats: number, used: number, requested: number): string {
  const free = seats - used;
  if (free <= 0) return seats === 1 ? 'The only seat is in use.' : `All ${seats} seats are in use.`;
  if (seats === 1) return `The only seat is free; ${requested} requested.`;
  return `Only ${free} of ${seats} seats ${free === 1 ? 'is' : 'are'} free; ${requested} requested.`;
}

/** Seats can be reduced, but never below those in use. */
export function decideSeatCount(facts: { newSeats: number; used: number }): Verdict {
  if (facts.newSeats < facts.used) {
    return refuse(
      'SEATS_BELOW_USED',
      `${facts.used} seats are in use; release some before reducing to ${facts.newSeats}.`,
      {
        used: facts.used,
        requested: facts.newSeats,
      },
    );
  }
  return allow();
}

/** A license that ever had a seat is kept for the record; only one entered by mistake can go. */
export function decideLicenseRemoval(facts: { everHadSeats: boolean }): Verdict {
  if (facts.everHadSeats) {
    return refuse('NOT_REMOVABLE', 'The license has had seats assigned; it is kept for the record.');
  }
  return allow();
}
