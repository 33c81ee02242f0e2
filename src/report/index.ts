import { github } from "./github";
import { json } from "./json";
import { sarif } from "./sarif";
import { stylish } from "./stylish";
import type { Format, Reporter } from "./types";

export const REPORTERS: Record<Format, Reporter> = { stylish, json, sarif, github };
