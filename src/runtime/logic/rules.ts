import { clamp, type Entity, type World } from './world.js';

/**
 * Rules every game type shares: collecting, power-ups, getting hit, winning and losing. The
 * per-type logic moves things; these decide what touching them means.
 */

const POWER_SECONDS = 8;
/** Seconds of blinking after a hit, so one hazard cannot take several lives at once. */
const INVULNERABLE_AFTER_HIT = 2;
const UNLIMITED_HIT_COST = 5;

/** The hero's speed multiplier: the spec's (kept in a playable band) times a speed power-up. */
export function heroSpeedFactor(w: World): number {
  return clamp(w.spec.hero.speed, 0.6, 1.6) * (w.powers.speed > 0 ? 1.5 : 1);
}

/** A hazard's speed multiplier: its own, the difficulty, the level, and slow-time. */
export function hazardFactor(w: World, e: Entity): number {
  const own = w.spec.hazards[e.ref]?.speed ?? 1;
  return own * w.difficulty * w.stage.hazardSpeed * (w.powers.slow > 0 ? 0.5 : 1);
}

/** Back and forth between its ends (`a`, `b`), at its speed times `f`. */
export function patrol(e: Entity, f: number, dt: number): void {
  e.x += e.vx * f * dt;
  if (e.x < e.a || e.x > e.b) {
    e.x = clamp(e.x, e.a, e.b);
    e.vx = -e.vx;
  }
}

export function canMove(w: World): boolean {
  return w.status === 'playing' && w.stunned <= 0;
}

/** The level's goal is met: the game is won on the last level, otherwise the next level is up. */
export function win(w: World) {
  if (w.status !== 'playing') return;
  if (w.stage.number < w.stage.of) {
    w.status = 'levelup';
    w.events.push('level');
    return;
  }
  w.status = 'won';
  w.events.push('win');
}

export function lose(w: World) {
  if (w.status !== 'playing') return;
  // "Unlimited lives" really means no death, whatever asks for it.
  if (w.lives === 'unlimited') return;
  w.status = 'lost';
  w.events.push('lose');
}

export function collect(w: World, item: Entity) {
  item.dead = true;
  w.score += w.spec.collectibles[item.ref]?.points ?? 1;
  w.collected += 1;
  w.events.push('collect');
}

export function applyPower(w: World, power: Entity) {
  power.dead = true;
  w.events.push('power');
  const effect = w.spec.powerUps[power.ref]?.effect ?? 'speed';
  if (effect === 'extra-life') {
    if (w.lives === 'unlimited') w.score += 10;
    else w.lives = Math.min(9, w.lives + 1);
    return;
  }
  const key = effect === 'slow-time' ? 'slow' : effect;
  w.powers[key] = POWER_SECONDS;
}

export function hitHero(w: World) {
  if (w.status !== 'playing' || w.invulnerable > 0 || w.powers.shield > 0) return;
  w.hits += 1;
  w.events.push('hit');
  w.invulnerable = INVULNERABLE_AFTER_HIT;
  if (w.lives === 'unlimited') {
    w.score = Math.max(0, w.score - UNLIMITED_HIT_COST);
    w.stunned = 0.5;
    return;
  }
  w.lives -= 1;
  if (w.lives <= 0) {
    w.lives = 0;
    lose(w);
  }
}

export function tickTimers(w: World, dt: number) {
  w.elapsed += dt;
  w.invulnerable = Math.max(0, w.invulnerable - dt);
  w.stunned = Math.max(0, w.stunned - dt);
  const p = w.powers;
  p.speed = Math.max(0, p.speed - dt);
  p.shield = Math.max(0, p.shield - dt);
  p.magnet = Math.max(0, p.magnet - dt);
  p.slow = Math.max(0, p.slow - dt);
}

/** Magnet power: nearby collectibles drift to the hero. */
export function pullItems(w: World, dt: number) {
  if (w.powers.magnet <= 0) return;
  for (const e of w.entities) {
    if (e.kind !== 'item' || e.dead) continue;
    const dx = w.hero.x - e.x;
    const dy = w.hero.y - e.y;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > 1 && d < 180) {
      const s = Math.min(d, 320 * dt);
      e.x += (dx / d) * s;
      e.y += (dy / d) * s;
    }
  }
}

export function checkGoal(w: World, exitReached: boolean) {
  if (w.status !== 'playing') return;
  const g = w.goal;
  if (g.kind === 'collect-all' && w.collected >= g.total) win(w);
  else if (g.kind === 'score' && w.score >= g.target) win(w);
  else if (g.kind === 'survive' && w.elapsed >= g.seconds) win(w);
  else if (g.kind === 'reach-exit' && exitReached) win(w);
  if (w.status === 'playing' && w.timeLimit !== null && w.elapsed >= w.timeLimit) {
    // Time's up: with unlimited lives there is no losing, so the game ends as a happy finish.
    if (w.lives === 'unlimited') win(w);
    else lose(w);
  }
}
