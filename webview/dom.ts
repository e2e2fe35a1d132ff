// Building elements without markup (the helpers live with the report's renderer, which the
// panel shares with report.html): text always goes in as text nodes, so a step called
// `<img src=x onerror=…>` is shown, never parsed. Nothing in the panel uses innerHTML.
export { append, badge, el, num, replace, rowHeader, setText, table, withCode, type Child, type Column, type Props, type Tone } from '../report/view/dom';
