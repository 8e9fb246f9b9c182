// The council's names as the window last heard them, for the footer and the screens that
// name the council: set at start (StartupInfo.organisation) and whenever they are saved.
import type { Organisation } from "../../shared/backend";

export const council = $state<{ current: Organisation | null }>({ current: null });
