/** Order, quote and aggressor sides: +1 bid/buy, −1 ask/sell (the sign used in every formula). */
export const Side = { BID: 1, ASK: -1 } as const;
export type Side = (typeof Side)[keyof typeof Side];
