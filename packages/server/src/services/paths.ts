/** Locations of the bundled data shipped with the repository (`data/` at the repository root). */
import path from "node:path";
import { REPO_ROOT } from "../package-dir.js";

export { REPO_ROOT };
export const BUNDLED_DATA_DIR = path.join(REPO_ROOT, "data");
export const PARAMETERS_CSV = path.join(BUNDLED_DATA_DIR, "reference", "wbe-backcalc-parameters.csv");
export const EUDA_DIR = path.join(BUNDLED_DATA_DIR, "euda-esdm-2025");
export const EUDA_SITES_CSV = path.join(EUDA_DIR, "ww2025-site-info-table.csv");
export const EUDA_ALL_DATA_CSV = path.join(EUDA_DIR, "ww2025-all-data.csv");
