/** The dashboard's own styles, on top of the report page's (PAGE_CSS). */
export const DASHBOARD_CSS = `
body { max-width: 1200px; margin-top: 12px; }
header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin: 0 0 10px; }
header h1 { margin: 0; }
header .clock { font-size: 15px; }
#conn { font-size: 13px; padding: 2px 8px; border-radius: 10px; background: #eee; color: #444; }
#conn[data-state="live"] { background: #dafbe1; color: #1a7f37; }
#conn[data-state="down"] { background: #ffebe9; color: #cf222e; }
#pause { font-size: 20px; font-weight: bold; padding: 10px 16px; border-radius: 6px; margin: 0 0 14px; letter-spacing: 0.02em; background: #eee; }
#pause[data-state="quoting"] { background: #dafbe1; color: #1a7f37; border: 2px solid #1a7f37; }
#pause[data-state="warming"] { background: #fff8c5; color: #7d4e00; border: 2px solid #bf8700; }
#pause[data-state="paused"] { background: #cf222e; color: #fff; border: 2px solid #a40e26; }
.panels { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 0 0 8px; }
.panel { border: 1px solid #ddd; border-radius: 6px; padding: 6px 12px 10px; margin: 0; }
.panel h2 { margin: 4px 0 6px; font-size: 15px; }
.panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0; font-size: 13px; }
.panel dt { color: #555; }
.panel dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#feed[data-health="stale"] { border-color: #bf8700; background: #fffbe6; }
#feed[data-health="down"] { border-color: #cf222e; background: #fff0ef; }
table.kpi td[data-kpi] { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 16px; }
.charts .chart { min-height: 120px; }
`;
