/** Service-level failures, free of HTTP; the routes map each to a status and a code. */
export class SessionNotFoundError extends Error {
  constructor(readonly sessionId: string) {
    super('That session was not found or has expired.');
    this.name = 'SessionNotFoundError';
  }
}

export class SessionBusyError extends Error {
  constructor(readonly sessionId: string) {
    super('Another message for this session is still being answered.');
    this.name = 'SessionBusyError';
  }
}

export class GameNotFoundError extends Error {
  constructor(readonly id: string) {
    super('That game was not found.');
    this.name = 'GameNotFoundError';
  }
}
