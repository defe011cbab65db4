import { z } from "zod";

/** A subscription's client-chosen id on one socket. */
export const SubscriptionId = z.string().min(1).max(128);
