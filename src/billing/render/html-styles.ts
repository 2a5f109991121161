/**
 * The page's only styles. The font list names the CJK faces people have (Noto CJK, WenQuanYi,
 * PingFang, YaHei) so Chinese reads well without downloading a web font.
 */
export const styles = `
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #1a1a1a; background: #fff;
  font: 13px/1.45 "Helvetica Neue", Helvetica, Arial, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; }
.invoice { max-width: 190mm; margin: 0 auto; padding: 24px; }
header { display: flex; justify-content: space-between; gap: 24px; margin-bottom: 28px; }
.logo { display: block; max-width: 160px; max-height: 64px; margin-bottom: 8px; }
.name { font-weight: 700; font-size: 15px; }
.detail { color: #555; }
h1 { margin: 0 0 8px; font-size: 26px; text-align: right; }
.meta th { text-align: left; font-weight: 400; color: #555; padding: 1px 12px 1px 0; }
.meta td { text-align: right; padding: 1px 0; }
.bill-to { margin-bottom: 24px; }
.label { color: #555; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
table { border-collapse: collapse; }
.lines { width: 100%; margin-bottom: 16px; }
.lines th { text-align: left; border-bottom: 1.5px solid #1a1a1a; padding: 6px 8px; font-size: 12px; }
.lines td { border-bottom: 1px solid #ddd; padding: 6px 8px; vertical-align: top; }
.lines .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.summary { margin-left: auto; min-width: 50%; }
.summary th { text-align: left; font-weight: 400; padding: 3px 24px 3px 0; }
.summary td { text-align: right; padding: 3px 0; font-variant-numeric: tabular-nums; white-space: nowrap; }
.summary .strong th, .summary .strong td { font-weight: 700; border-top: 1px solid #1a1a1a; }
@media print { .invoice { padding: 0; } }
`;
