/**
 * Configurable authentication limits (docs/domain.md SEC-04; GB/T 22239 身份鉴别 login-failure handling and idle
 * timeout). Defaults: lock after 5 failures for 15 min (doubling on each further lockout, at most 24 h), idle
 * timeout 15 min, absolute session lifetime 12 h. Environment overrides:
 * `TRACEWATER_LOCKOUT_THRESHOLD`, `TRACEWATER_LOCKOUT_MINUTES`, `TRACEWATER_SESSION_IDLE_MINUTES`,
 * `TRACEWATER_SESSION_ABSOLUTE_HOURS` (positive integers).
 */
export interface AuthPolicy {
  lockoutThreshold: number;
  lockoutBaseMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  lockoutThreshold: 5,
  lockoutBaseMinutes: 15,
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 12,
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected a positive integer`);
  return n;
}

/** The policy from the environment (defaults for unset variables). @throws Error naming a bad variable */
export function authPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): AuthPolicy {
  return {
    lockoutThreshold: positiveInt(env, "TRACEWATER_LOCKOUT_THRESHOLD", DEFAULT_AUTH_POLICY.lockoutThreshold),
    lockoutBaseMinutes: positiveInt(env, "TRACEWATER_LOCKOUT_MINUTES", DEFAULT_AUTH_POLICY.lockoutBaseMinutes),
    sessionIdleMinutes: positiveInt(env, "TRACEWATER_SESSION_IDLE_MINUTES", DEFAULT_AUTH_POLICY.sessionIdleMinutes),
    sessionAbsoluteHours: positiveInt(
      env,
      "TRACEWATER_SESSION_ABSOLUTE_HOURS",
      DEFAULT_AUTH_POLICY.sessionAbsoluteHours,
    ),
  };
}
