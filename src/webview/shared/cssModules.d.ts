/** esbuild loads .css files as text (esbuild.js: loader '.css': 'text'), for a Lit element's styles. */
declare module '*.css' {
  const text: string;
  // eslint-disable-next-line no-restricted-syntax -- how esbuild's text loader exposes the file
  export default text;
}
