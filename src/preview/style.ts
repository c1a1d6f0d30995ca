/**
 * The page's only stylesheet, inlined: no font, script or image is fetched, so the page works from
 * `file://` on a machine without network. Fonts are local ones in the order Slack, PagerDuty and mail
 * clients prefer (Lato for Slack; install `fonts-lato` and `fonts-noto-color-emoji` for faithful screenshots).
 * The destination filters are CSS only (`:target`), so the page needs no script at all.
 */
export const STYLE = `
:root { --page: #f3f4f6; --ink: #1d1c1d; --muted: #616061; --line: #dddddd; }
* { box-sizing: border-box; }
html { scroll-padding-top: 12px; }
body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.45 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.page-head { padding: 16px 24px 8px 304px; }
.page-head h1 { font-size: 20px; margin: 0 0 4px; }
.page-head p { margin: 0; color: #555; }
nav.side { position: fixed; top: 0; left: 0; bottom: 0; width: 280px; overflow: auto; background: #1a1d21; color: #d1d2d3; padding: 16px 14px; font-size: 13px; }
nav.side h2 { color: #fff; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; margin: 18px 0 6px; }
nav.side h3 { color: #fff; font-size: 12px; margin: 12px 0 4px; }
nav.side ul { list-style: none; margin: 0; padding: 0; }
nav.side li { margin: 0 0 6px; }
nav.side a { color: #8cc4ff; text-decoration: none; }
nav.side a:hover { text-decoration: underline; }
nav.side .nav-title { display: block; color: #e8e8e8; overflow-wrap: anywhere; }
nav.side .nav-stages { display: block; }
nav.side .nav-stages a { margin-right: 8px; font-size: 12px; }
nav.side .count { color: #9a9b9c; }
main { margin-left: 280px; padding: 0 24px 48px; }
.filter-anchor { display: block; height: 0; }
.sample { background: #fff; border: 1px solid #e1e3e6; border-radius: 8px; margin: 16px 0; padding: 16px 20px 20px; }
.sample > h2 { font-size: 17px; margin: 0 0 2px; overflow-wrap: anywhere; }
.sample-meta { color: #555; margin: 0 0 12px; font-size: 12.5px; overflow-wrap: anywhere; }
.stage { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 7px; border-radius: 10px; vertical-align: 2px; margin-left: 6px; }
.stage-production { background: #fde2e1; color: #9f1c1c; }
.stage-staging { background: #e4ecfb; color: #1d4ed8; }
.silenced { display: inline-block; background: #fff4d6; color: #7a5300; border: 1px solid #f0d48a; border-radius: 4px; padding: 0 6px; }
.routed-nowhere, .render-error { color: #555; font-style: italic; margin: 4px 0; }
.render-error { color: #9f1c1c; }
.cards { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.dest { max-width: 100%; }
.views { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.view-label { font-size: 11px; color: #777; margin: 0 0 4px; }
.view-desktop { width: 680px; max-width: 100%; }
.view-phone { width: 360px; max-width: 100%; flex: 0 0 auto; }
.dest-note { font-size: 11.5px; color: #555; margin: 0 0 6px; max-width: 680px; }
.group { font-size: 19px; margin: 28px 0 4px; }
.group-alarm { font-size: 15px; margin: 22px 0 0; padding-top: 6px; border-top: 2px solid #d5d8dc; font-family: "DejaVu Sans Mono", Menlo, monospace; }
nav.side .nav-state { display: inline-block; min-width: 128px; color: #9a9b9c; font-size: 11px; }
nav.side details { margin: 4px 0; }
nav.side summary { cursor: pointer; color: #e8e8e8; }
.dest-head { font-size: 12px; font-weight: 700; color: #555; text-transform: uppercase; letter-spacing: .05em; margin: 0 0 6px; }
.dest details { margin-top: 6px; font-size: 12px; }
.dest details pre { max-height: 320px; overflow: auto; background: #f6f8fa; border: 1px solid #e1e3e6; padding: 8px; font-size: 11px; white-space: pre-wrap; overflow-wrap: anywhere; }

/* Slack */
.slack { background: #fff; border: 1px solid #e2e2e2; border-radius: 8px; overflow: hidden; color: #1d1c1d;
  font: 15px/1.46668 "Slack-Lato", Lato, "Helvetica Neue", Arial, "Noto Color Emoji", sans-serif; -webkit-font-smoothing: antialiased; }
.slack-channel { font-weight: 900; font-size: 18px; padding: 10px 20px; border-bottom: 1px solid #e8e8e8; }
.slack-hash { color: #616061; font-weight: 400; margin-right: 2px; }
.slack-msg { display: flex; padding: 8px 20px 12px; }
.slack-avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; margin: 4px 8px 0 0; background: linear-gradient(135deg, #e01e5a, #ecb22e);
  color: #fff; font-weight: 900; font-size: 13px; display: flex; align-items: center; justify-content: center; letter-spacing: .02em; }
.slack-content { flex: 1; min-width: 0; }
.slack-meta { line-height: 1.4; margin-bottom: 2px; }
.slack-name { font-weight: 900; }
.slack-app { font-size: 10px; font-weight: 700; color: rgba(29,28,29,.7); background: rgba(29,28,29,.13); border-radius: 2px; padding: 1px 3px; margin-left: 4px; vertical-align: 1px; }
.slack-time { color: #616061; font-size: 12px; margin-left: 6px; }
.s-block { margin: 4px 0; overflow-wrap: anywhere; }
.s-header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 4px 0 6px; }
.s-section { display: flex; gap: 12px; }
.s-section-main { flex: 1; min-width: 0; }
.s-fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; row-gap: 8px; margin-top: 4px; }
.s-text + .s-fields { margin-top: 8px; }
.s-accessory { flex: 0 0 auto; }
.s-context { font-size: 12px; line-height: 1.5; color: #616061; display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; }
.s-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.s-btn { display: inline-flex; align-items: center; height: 28px; padding: 0 12px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px;
  font-size: 13px; font-weight: 700; color: #1d1c1d; background: #fff; text-decoration: none; white-space: nowrap; }
.s-btn-primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.s-btn-danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.s-divider { border: 0; border-top: 1px solid #e8e8e8; margin: 8px 0; }
.s-attachment { display: flex; margin: 6px 0 2px; }
.s-bar { flex: 0 0 4px; border-radius: 8px; }
.s-attachment-body { flex: 1; min-width: 0; padding-left: 12px; }
.s-link { color: #1264a3; text-decoration: none; }
.s-link:hover { text-decoration: underline; }
.s-code { font: 12px/1.5 Monaco, Menlo, Consolas, "DejaVu Sans Mono", "Courier New", monospace; color: #e01e5a; background: rgba(29,28,29,.04);
  border: 1px solid rgba(29,28,29,.13); border-radius: 3px; padding: 2px 3px 1px; }
.s-pre { font: 12px/1.5 Monaco, Menlo, Consolas, "DejaVu Sans Mono", "Courier New", monospace; background: rgba(29,28,29,.04);
  border: 1px solid rgba(29,28,29,.13); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.s-mention { color: #1264a3; background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 2px; }
.s-broadcast { color: #1d1c1d; background: rgba(242,199,68,.4); }
.s-date { border-bottom: 1px dotted #9a9a9a; }
.s-unsupported { display: inline-block; font-size: 12px; color: #7a5300; background: #fff4d6; border-radius: 3px; padding: 0 4px; }
.s-thumb, .s-context-img, .s-image-box { display: inline-flex; align-items: center; justify-content: center; background: #f0f0f0; color: #616061;
  border: 1px solid #e2e2e2; border-radius: 4px; font-size: 11px; }
.s-thumb { width: 88px; height: 88px; }
.s-context-img { height: 20px; padding: 0 4px; }
.s-image-box { width: 360px; max-width: 100%; height: 160px; }
.slack-push { margin: 0 20px 12px 64px; padding: 8px 12px; background: #f4f4f5; border-radius: 10px; font: 12.5px/1.4 "Helvetica Neue", Arial, "Noto Color Emoji", sans-serif; color: #333; }
.slack-push-app { display: block; font-weight: 700; font-size: 11px; color: #555; margin-bottom: 2px; }

/* Slack app mode: the incident's message, "N replies", and the thread under it. */
.slack-edited { color: #616061; font-size: 12px; margin-left: 4px; }
.slack-replies { margin: -6px 20px 10px 64px; font-size: 13px; font-weight: 700; color: #1264a3; }
.slack-thread { border-top: 1px solid #e8e8e8; background: #fafafa; }
.slack-thread-head { font-weight: 900; font-size: 15px; padding: 8px 20px 2px; }
.slack-thread .slack-msg { padding-top: 6px; padding-bottom: 8px; }
.s-file { border: 1px solid #e2e2e2; border-radius: 8px; overflow: hidden; background: #fff; max-width: 480px; margin: 4px 0; }
.s-file-name { font-size: 13px; font-weight: 700; padding: 6px 10px; border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
.s-file-kind { font-weight: 400; color: #616061; font-size: 11px; margin-left: 4px; }
.s-file-img { display: block; width: 100%; height: auto; }
.s-file-note { font-size: 11.5px; color: #7a5300; background: #fff4d6; padding: 4px 10px; }
.s-graph-missing { color: #616061; font-style: italic; }

/* PagerDuty */
.pd { background: #fff; border: 1px solid #d7dadd; border-radius: 6px; overflow: hidden; color: #2c2c2c;
  font: 14px/1.5 "Helvetica Neue", Arial, "Liberation Sans", "Noto Color Emoji", sans-serif; }
.pd-top { display: flex; align-items: center; gap: 10px; background: #0f1f17; color: #fff; padding: 8px 16px; font-size: 13px; }
.pd-logo { background: #06ac38; color: #fff; font-weight: 900; border-radius: 5px; padding: 0 6px; font-size: 15px; line-height: 24px; }
.pd-brand { font-weight: 700; }
.pd-crumb { color: #b8c4bd; }
.pd-action { margin-left: auto; color: #b8c4bd; font-size: 12px; }
.pd-incident { padding: 14px 18px 18px; }
.pd-status-row { display: flex; gap: 8px; align-items: center; }
.pd-status, .pd-sev { display: inline-block; font-size: 12px; font-weight: 700; border-radius: 3px; padding: 2px 8px; }
.pd-triggered { background: #d0021b; color: #fff; }
.pd-resolved { background: #048a24; color: #fff; }
.pd-sev { border: 1px solid; }
.pd-sev-critical { color: #a0071a; border-color: #a0071a; background: #fdecee; }
.pd-sev-error { color: #b34700; border-color: #b34700; background: #fff1e6; }
.pd-sev-warning { color: #7a5a00; border-color: #c29b00; background: #fff8dc; }
.pd-sev-info { color: #0b5cad; border-color: #0b5cad; background: #e8f1fb; }
.pd-title { font-size: 19px; font-weight: 700; line-height: 1.35; margin: 10px 0 12px; overflow-wrap: anywhere; }
.pd-meta { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 20px; margin: 0 0 12px; }
.pd-row dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: #6b6f73; }
.pd-row dd { margin: 0; overflow-wrap: anywhere; }
.pd-key { font: 12px "DejaVu Sans Mono", Menlo, monospace; background: #f3f4f5; border-radius: 3px; padding: 1px 4px; overflow-wrap: anywhere; }
.pd-h { font-size: 13px; margin: 14px 0 6px; color: #2c2c2c; border-top: 1px solid #e6e8ea; padding-top: 10px; }
.pd-details { width: 100%; border-collapse: collapse; font-size: 13px; }
.pd-details th { text-align: left; vertical-align: top; width: 32%; padding: 4px 8px 4px 0; color: #4b5157; font-weight: 600; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
.pd-details td { padding: 4px 0; overflow-wrap: anywhere; }
.pd-details tr + tr th, .pd-details tr + tr td { border-top: 1px solid #f0f1f2; }
.pd-list { margin: 0; padding-left: 16px; }
.pd-json { margin: 0; font-size: 11.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.pd-links { margin: 0; padding-left: 18px; }
.pd-links a, .pd-row a { color: #0b6e2f; }
.pd-note { color: #555; font-size: 13px; margin: 0; }

/* Email */
.mail { background: #fff; border: 1px solid #c9ccd1; border-radius: 10px; overflow: hidden; box-shadow: 0 6px 18px rgba(0,0,0,.08);
  font: 13px/1.45 "Helvetica Neue", Arial, "Liberation Sans", "Noto Color Emoji", sans-serif; color: #222; }
.mail-bar { display: flex; align-items: center; gap: 7px; background: linear-gradient(#ececec, #dcdcdc); border-bottom: 1px solid #c4c4c4; padding: 7px 12px; }
.mail-dot { width: 12px; height: 12px; border-radius: 50%; display: inline-block; }
.mail-red { background: #ff5f57; } .mail-yellow { background: #febc2e; } .mail-green { background: #28c840; }
.mail-bar-title { flex: 1; text-align: center; color: #4d4d4d; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 50px; }
.mail-toolbar { display: flex; gap: 6px; padding: 6px 12px; background: #f6f6f6; border-bottom: 1px solid #e2e2e2; }
.mail-tool { font-size: 12px; color: #333; border: 1px solid #d0d0d0; background: #fff; border-radius: 4px; padding: 1px 10px; }
.mail-subject { font-size: 18px; font-weight: 700; padding: 12px 16px 4px; overflow-wrap: anywhere; }
.mail-head { display: flex; gap: 10px; align-items: center; padding: 4px 16px 10px; border-bottom: 1px solid #ececec; }
.mail-avatar { width: 34px; height: 34px; border-radius: 50%; background: #ff9900; color: #232f3e; font-weight: 800; font-size: 12px; display: flex; align-items: center; justify-content: center; }
.mail-addr, .mail-to { color: #666; }
.mail-body { margin: 0; padding: 14px 16px 6px; font: 12.5px/1.5 "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.mail-footer { margin: 0; padding: 4px 16px 14px; font: 11px/1.45 "DejaVu Sans Mono", Menlo, monospace; color: #9a9a9a; white-space: pre-wrap; overflow-wrap: anywhere; }

/* A phone 360 px wide: Slack's mobile layout has less padding, a smaller avatar and no channel bar. */
.view-phone .slack { border-radius: 14px; }
.view-phone .slack-channel { font-size: 16px; padding: 8px 12px; }
.view-phone .slack-msg { padding: 8px 12px 10px; }
.view-phone .slack-avatar { flex-basis: 32px; height: 32px; }
.view-phone .slack-push { margin: 0 12px 10px; }
.view-phone .slack-replies { margin-left: 52px; }
.view-phone .slack-thread-head { padding: 8px 12px 2px; }
.view-phone .s-attachment-body { padding-left: 10px; }
.view-phone .s-fields { grid-template-columns: 1fr; }
.view-phone .pd-meta { grid-template-columns: 1fr; }
.view-phone .mail-body { font-size: 11.5px; }

/* The page itself on a phone: the navigation above the samples, nothing wider than the screen. */
@media (max-width: 800px) {
  nav.side { position: static; width: auto; max-height: 40vh; }
  .page-head { padding: 12px; }
  main { margin-left: 0; padding: 0 8px 32px; }
  .sample { padding: 12px 10px; }
  .view-desktop { width: 100%; }
  .view-phone { width: 100%; }
}
`;
