import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { PERSONAL_FIELDS, type PersonalField } from '#domain/members';

/**
 * Whether the client's selection under the current field reaches the given
 * path of field names (through fragments and inline fragments), e.g.
 * `['items', 'phone']`, so a resolver can skip work nobody asked for or do
 * asked-for work in the statement it sends anyway. It errs towards yes: a
 * field under @skip/@include counts as selected.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const search = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== path[depth]) return false;
        return depth === path.length - 1 || search(selection.selectionSet, depth + 1, seen);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        return search(selection.selectionSet, depth, seen);
      }
      const fragment = info.fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) return false;
      return search(fragment.selectionSet, depth, new Set(seen).add(fragment.name.value));
    }) ?? false;
  return info.fieldNodes.some((node) => search(node.selectionSet, 0, new Set()));
}

/**
 * The personal fields (phone, ID number) a client asked for on the members
 * at `path` under the current field (`[]`: the field returns members). Member
 * reads decrypt and audit exactly these.
 */
export function revealing(info: GraphQLResolveInfo, path: readonly string[]): PersonalField[] {
  return PERSONAL_FIELDS.filter((field) => selects(info, [...path, field]));
}
