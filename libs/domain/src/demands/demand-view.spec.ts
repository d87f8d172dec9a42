import { describe, expect, it } from '@jest/globals';
import { maskName, readsRequester } from './demand-view.js';

describe('maskName', () => {
  it('keeps the first character and stars the rest, one per character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('买买提·艾力')).toBe('买*****');
    // A character outside the BMP is one character, not two halves.
    expect(maskName('𠮷田')).toBe('𠮷*');
    expect(maskName('张')).toBe('张*');
  });
});

describe('readsRequester', () => {
  const demand = { communityId: 'c1' };
  const actor = (grants: Parameters<typeof readsRequester>[0]['grants']) => ({
    accountId: 'a',
    requestId: 'r',
    grants,
  });

  it('is the committee of the demand’s community only', () => {
    expect(readsRequester(actor([{ role: 'COMMUNITY_ADMIN', communityId: 'c1' }]), demand)).toBe(
      true,
    );
    expect(readsRequester(actor([{ role: 'COMMUNITY_ADMIN', communityId: 'c2' }]), demand)).toBe(
      false,
    );
    expect(readsRequester(actor([{ role: 'OPERATOR' }]), demand)).toBe(false);
    expect(readsRequester(actor([{ role: 'GROUP_LEADER', partyGroupId: 'g' }]), demand)).toBe(
      false,
    );
  });
});
