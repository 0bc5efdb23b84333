import type { Timeline } from '@anzhi/contracts/registry-views';
import { addDays, localDateToInstant } from '@anzhi/domain/periods';
import type { AuthState } from '../../platform/auth/auth.service';
import type { Deps } from '../../platform/deps';
import { membershipsOf, type MembershipWithPerson } from './households.repository';
import { loadHouseholdInScope } from './households.service';
import { presentTimelineEntry, registeredEntry } from './timeline.presenter';
import { timelineEvents, type TimelinePerson } from './timeline.repository';

/** The newest entries shown; older ones stay in the audit log. */
const timelineLimit = 500;

/**
 * Everyone who was ever a member, with the end of their last membership here: a person's own changes belong to
 * this household's timeline only while they belonged to it (a day's grace for a leave recorded that day), so a
 * scope the person has left does not follow them into their next household.
 */
function peopleOf(memberships: MembershipWithPerson[]): TimelinePerson[] {
  const ends = new Map<string, string | null>();
  for (const { member } of memberships) {
    const seen = ends.get(member.personId);
    if (seen === null) continue;
    const end = member.validTo;
    ends.set(member.personId, end === null ? null : seen === undefined || end > seen ? end : seen);
  }
  return [...ends].map(([id, end]) => ({ id, until: end === null ? null : localDateToInstant(addDays(end, 1)) }));
}

/** Every recorded change of the household, newest first, with who and when (out of scope: 404). */
export async function householdTimeline(deps: Deps, auth: AuthState, id: string): Promise<Timeline> {
  const h = await loadHouseholdInScope(deps.db, auth, id);
  const memberships = await membershipsOf(deps.db, id);
  const events = await timelineEvents(deps.db, id, peopleOf(memberships), timelineLimit);
  const names = new Map(memberships.map((m) => [m.person.id, m.person.name]));
  const items = events.map((e) => presentTimelineEntry(e, { names }));
  if (!events.some((e) => e.action === 'household.create') && events.length < timelineLimit)
    items.push(registeredEntry(h.household.createdAt, h.household.householdNumber));
  return { items };
}
