/** The widget's look, inside its own shadow root: the host page's styles do not reach it, nor its the page. */
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; border: 0; border-radius: 24px; padding: 12px 18px;
  background: #0b6b66; color: #fff; font-size: 16px; font-weight: 600; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #1a3e8c; outline-offset: 2px; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: min(380px, calc(100vw - 32px)); height: min(560px, calc(100vh - 32px));
  display: flex; flex-direction: column; background: #fff; color: #1a1a1a; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #0b6b66; color: #fff; }
.header h2 { flex: 1; margin: 0; font-size: 16px; }
.exit { border: 0; border-radius: 8px; padding: 8px 12px; background: #b3261e; color: #fff; font-size: 15px; font-weight: 700; cursor: pointer; }
.icon { border: 1px solid rgba(255,255,255,.7); border-radius: 8px; padding: 6px 10px; background: transparent; color: #fff; font-size: 14px; cursor: pointer; }
.hint { margin: 0; padding: 4px 12px; font-size: 12px; background: #fdecea; color: #5c1a15; }
.lang { display: flex; align-items: center; gap: 6px; padding: 6px 12px; font-size: 13px; border-bottom: 1px solid #ddd; }
.lang select { font-size: 13px; padding: 2px 4px; }
.intro { margin: 0; padding: 8px 12px; font-size: 13px; color: #333; background: #f2f6f6; }
.log { flex: 1; overflow-y: auto; padding: 10px 12px; margin: 0; list-style: none; display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 10px; border-radius: 10px; font-size: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.visitor { align-self: flex-end; background: #d7ecea; }
.msg.line { align-self: flex-start; background: #eceff3; }
.who { display: block; font-size: 11px; font-weight: 700; color: #333; margin-bottom: 2px; }
.status { display: block; font-size: 11px; color: #5c1a15; margin-top: 2px; }
.file { display: block; margin-top: 4px; color: #0b4f6c; font-weight: 700; text-decoration: underline; }
.file:focus-visible { outline: 3px solid #0b4f6c; outline-offset: 2px; }
.note { display: block; font-size: 11px; color: #333; margin-top: 2px; }
form { border-top: 1px solid #ddd; padding: 8px 12px; display: flex; flex-direction: column; gap: 6px; }
label { font-size: 13px; font-weight: 600; }
textarea { width: 100%; min-height: 56px; max-height: 120px; resize: vertical; font-size: 14px; padding: 6px; border: 1px solid #767676; border-radius: 6px; }
input[type=tel] { width: 100%; font-size: 14px; padding: 6px; border: 1px solid #767676; border-radius: 6px; }
details { font-size: 13px; }
details p { margin: 4px 0; color: #333; }
.send { align-self: flex-end; border: 0; border-radius: 8px; padding: 8px 16px; background: #0b6b66; color: #fff; font-size: 15px; font-weight: 600; cursor: pointer; }
.send:disabled { background: #5f6b6b; cursor: default; }
.notice { margin: 0; padding: 6px 12px; font-size: 13px; color: #5c1a15; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
