import { z } from "zod";

/** A subscription's client-chosen id (watch or query), unique on its socket. */
export const SubscriptionId = z.string().min(1).max(128);
