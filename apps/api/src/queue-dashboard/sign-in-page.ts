import { createHash } from 'node:crypto';
import { GRAPHQL_PATH } from '../http/graphql-transport.js';
import { QUEUE_DASHBOARD_PATH } from './dashboard-path.js';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Signs in through the API's own `login` (its rate limits, lockouts and
 * audit apply), then trades the access token for the dashboard's cookie and
 * reloads. The token lives in this script's memory only: never in a URL,
 * never in storage. The refresh token is dropped, so that sign-in session
 * serves the dashboard only until its access token expires.
 */
const SCRIPT = `
const form = document.getElementById('sign-in');
const message = document.getElementById('message');
const refusal = (body) => body?.errors?.[0]?.message ?? '登录失败 / Sign-in failed';
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  const fields = new FormData(form);
  const login = await fetch(${JSON.stringify(GRAPHQL_PATH)}, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($i: LoginInput!) { login(input: $i) { accessToken } }',
      variables: { i: { username: fields.get('username'), password: fields.get('password') } },
    }),
  }).then((response) => response.json());
  const token = login?.data?.login?.accessToken;
  if (!token) {
    message.textContent = refusal(login);
    return;
  }
  const session = await fetch(${JSON.stringify(`${QUEUE_DASHBOARD_PATH}/session`)}, {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token },
  });
  if (session.ok) location.reload();
  else message.textContent = refusal(await session.json());
});
`;

const STYLE = `
body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 15vh auto; padding: 0 1rem; }
label, input, button { display: block; width: 100%; box-sizing: border-box; margin-top: .5rem; }
input, button { padding: .5rem; font-size: 1rem; }
output { display: block; margin-top: 1rem; color: #b00020; }
`;

/** What an anonymous browser navigating to the dashboard gets, with its 401. */
export const SIGN_IN_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>队列面板 · Queue dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<h1>队列面板 · Queue dashboard</h1>
<p>仅限区级运维人员（OPERATOR）。Operators only.</p>
<form id="sign-in">
<label>用户名 · Username <input name="username" autocomplete="username" required></label>
<label>密码 · Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">登录 · Sign in</button>
</form>
<output id="message" role="alert"></output>
<script>${SCRIPT}</script>
</body>
</html>
`;

/**
 * The page may run its own script and style and talk to this origin only;
 * nothing may frame it (no clickjacking of the password field).
 */
export const SIGN_IN_PAGE_POLICY = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
