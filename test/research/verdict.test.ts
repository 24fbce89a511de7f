import { describe, expect, it } from "vitest";
import { isSignificant, ratioVerdict, signedVerdict, VERDICT_RULES } from "../../src/research/verdict.ts";

const e = (value: number, se: number, n = 100) => ({ value, se, n });

describe("ratioVerdict (level facts)", () => {
  it("agree within [0.5, 2], differs outside, n/a without a finite ratio", () => {
    expect(ratioVerdict(10, 5)).toBe("agree");
    expect(ratioVerdict(10, 20)).toBe("agree");
    expect(ratioVerdict(10, 4.9)).toBe("differs");
    expect(ratioVerdict(10, 21)).toBe("differs");
    expect(ratioVerdict(-1, 1)).toBe("differs"); // ratio −1
    expect(ratioVerdict(0, 1)).toBe("n/a");
    expect(ratioVerdict(1, NaN)).toBe("n/a");
  });
});

describe("signedVerdict (response, sign ACF, maker markout)", () => {
  it("significant: |value| > 2 standard errors", () => {
    expect(isSignificant(e(2.01, 1))).toBe(true);
    expect(isSignificant(e(-2, 1))).toBe(false);
  });

  it("too few under 30 observations on either side", () => {
    expect(signedVerdict(e(-500, 10, 29), e(-500, 10))).toBe("too few");
    expect(signedVerdict(e(-500, 10), e(-500, 10, 0))).toBe("too few");
    expect(signedVerdict(e(-500, 10, 30), e(-500, 10, 30))).toBe("agree");
  });

  it("same sign: agree within a factor 3, else same sign", () => {
    expect(signedVerdict(e(-900, 20), e(-300, 10))).toBe("agree"); // ratio 1/3
    expect(signedVerdict(e(-900, 20), e(-299, 10))).toBe("same sign");
    expect(signedVerdict(e(0.39, 0.012), e(0.08, 0.005))).toBe("same sign");
    expect(signedVerdict(e(10, 1), e(30, 1))).toBe("agree");
  });

  it("opposite signs: DIFFER (sign) when either is significant", () => {
    expect(signedVerdict(e(-500, 10), e(20, 4))).toBe("DIFFER (sign)");
    expect(signedVerdict(e(-500, 10), e(20, 30))).toBe("DIFFER (sign)"); // SYNTH insignificant, REAL clearly negative
  });

  it("neither significant: agree (≈ 0), whatever the signs", () => {
    expect(signedVerdict(e(0.01, 0.012), e(-0.002, 0.005))).toBe("agree (≈ 0)");
    expect(signedVerdict(e(1, 1), e(5, 3))).toBe("agree (≈ 0)");
  });

  it("a significant value against a small insignificant one of the same sign is not agreement", () => {
    expect(signedVerdict(e(-2000, 100), e(-5, 10))).toBe("same sign");
  });

  it("n/a when a value or standard error is missing", () => {
    expect(signedVerdict(e(1, NaN), e(1, 0.1))).toBe("n/a");
  });

  it("the rules are stated in one place", () => {
    expect(VERDICT_RULES.join("\n")).toMatch(/\[0\.5, 2\].*\n.*30 observations.*\n.*2 standard errors.*\n.*factor 3/s);
  });
});
