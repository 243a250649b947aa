/** Built by the console's Vite config from `<locale>.json`: only the sections in sign-in-sections.json. */
declare module 'virtual:sign-in-texts/*' {
  const texts: Record<string, unknown>;
  export default texts;
}
