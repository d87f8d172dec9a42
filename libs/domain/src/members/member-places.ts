import type { OrganisationQueries } from '#domain/organisation';
import { MemberErrors } from './members.errors.js';

/**
 * Where a member lives must exist, and their courtyard must lie in their
 * community; asked of the organisation feature, which owns both tables.
 */
export async function assertPlaceExists(
  organisation: OrganisationQueries,
  communityId: string | null,
  courtyardId: string | null,
): Promise<void> {
  if (communityId && (await organisation.communitiesByIds([communityId])).length === 0) {
    throw MemberErrors.communityNotFound();
  }
  if (courtyardId) {
    const [courtyard] = await organisation.courtyardsByIds([courtyardId]);
    if (!courtyard || courtyard.communityId !== communityId) {
      throw MemberErrors.courtyardNotInCommunity();
    }
  }
}
