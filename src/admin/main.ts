import type { AnalyticsReport } from '../contract/analytics-report.js';
import { fetchReport } from './api.js';
import { clearCharts, renderCharts } from './charts.js';
import { formatCount, formatMedian, formatTime } from './format.js';
import { forgetToken, loadToken, saveToken } from './token-store.js';

/** The analytics page: ask for the admin token, fetch the aggregates, show totals and charts. */

const $ = <T extends HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

const form = $<HTMLFormElement>('login');
const input = $<HTMLInputElement>('token');
const submit = form.querySelector('button[type="submit"]') as HTMLButtonElement;
const status = $<HTMLParagraphElement>('status');
const report = $<HTMLElement>('report');
const refresh = $<HTMLButtonElement>('refresh');

function say(text: string, error = false) {
  status.textContent = text;
  status.classList.toggle('is-error', error);
  status.hidden = false;
}

function showLogin() {
  report.hidden = true;
  clearCharts();
  form.hidden = false;
}

function show(r: AnalyticsReport) {
  status.hidden = true;
  form.hidden = true;
  report.hidden = false;
  const set = (id: string, text: string) => {
    $(id).textContent = text;
  };
  set('total-sessions', formatCount(r.total_sessions));
  set('total-games', formatCount(r.total_games));
  set('median-messages', formatMedian(r.median_messages_to_game));
  set('model-calls', formatCount(r.model.calls));
  set('input-tokens', formatCount(r.model.input_tokens));
  set('output-tokens', formatCount(r.model.output_tokens));
  const at = $<HTMLTimeElement>('generated-at');
  at.dateTime = r.generated_at;
  at.textContent = formatTime(r.generated_at);
  $('no-books').hidden = r.popular_books.length > 0;
  renderCharts(r);
}

async function load(token: string) {
  submit.disabled = true;
  refresh.disabled = true;
  say('Loading the figures…');
  try {
    const result = await fetchReport(token);
    switch (result.kind) {
      case 'ok':
        saveToken(token);
        show(result.report);
        return;
      case 'unauthorized':
        forgetToken();
        showLogin();
        say('That admin token is not right (401). Check it and try again.', true);
        input.select();
        return;
      case 'disabled':
        forgetToken();
        showLogin();
        say('Analytics is turned off on this server: set ADMIN_TOKEN to turn it on.', true);
        return;
      case 'failed':
        say(result.message, true);
        return;
    }
  } finally {
    submit.disabled = false;
    refresh.disabled = false;
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const token = input.value.trim();
  if (token) void load(token);
});

refresh.addEventListener('click', () => {
  const token = loadToken();
  if (token) void load(token);
  else showLogin();
});

$('logout').addEventListener('click', () => {
  forgetToken();
  input.value = '';
  showLogin();
  say('The token is forgotten in this tab.');
  input.focus();
});

const saved = loadToken();
if (saved) void load(saved);
else input.focus();
