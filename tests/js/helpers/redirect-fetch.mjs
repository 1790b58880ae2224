// Preloaded (`node --import`) by readme-snippets.test.mjs: the README's
// snippets talk to https://api.balena-cloud.com/; this sends their requests
// to the loopback API in SNIPPET_API_URL instead, leaving path and query as
// they are.
const PUBLIC_API = 'https://api.balena-cloud.com/';
const local = process.env.SNIPPET_API_URL;
const fetchOfNode = globalThis.fetch;

globalThis.fetch = (input, init) => {
  const url = String(input);
  return fetchOfNode(url.startsWith(PUBLIC_API) ? local + url.slice(PUBLIC_API.length) : input, init);
};
