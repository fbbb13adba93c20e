/**
 * The admin token lives in this tab's sessionStorage only: gone when the tab closes, never in
 * localStorage or a cookie, and never sent anywhere but our own /api/analytics.
 */
const KEY = 'gamemaker.admin-token';

export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode): the token then lasts for this page only.
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
