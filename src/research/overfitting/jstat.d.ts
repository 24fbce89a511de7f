// The part of jstat (plain JavaScript, no types of its own) that normal.ts uses.
declare module "jstat" {
  const jstat: { jStat: { normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number } } };
  export default jstat;
}
