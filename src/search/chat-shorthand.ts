/**
 * How people type in a chat: shortened words read as the word they stand for, so "ppl" finds
 * "people" and weighs as little as "people" does (as typed, "ppl" looks like the rarest word of
 * the question). Only shorthand with one common meaning; chat filler ("rn", "tbh") is a stop word.
 */
export const CHAT_SHORTHAND: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ppl: 'people',
    peeps: 'people',
    govt: 'government',
    gvt: 'government',
    gov: 'government',
    org: 'organization',
    orgs: 'organizations',
    dept: 'department',
    intl: 'international',
    natl: 'national',
    prez: 'president',
    admin: 'administration',
    yr: 'year',
    yrs: 'years',
    hr: 'hour',
    hrs: 'hours',
    wk: 'week',
    wks: 'weeks',
    mins: 'minutes',
    approx: 'approximately',
    convo: 'conversation',
    econ: 'economy',
    biz: 'business',
    prob: 'probably',
    prolly: 'probably',
    tmrw: 'tomorrow',
    yday: 'yesterday',
  }),
);
