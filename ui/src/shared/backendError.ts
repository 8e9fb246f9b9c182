// How a failed command reaches the window. The generated bindings (bindings.ts) send every
// command's rejection through `failed`, so each command returns its data or throws a
// BackendError: there is no wrapper to write when a command is added.
import type { ErrorCode, ErrorReply, FieldError } from "./bindings";

/** A failed command: the UI switches on `code`, never on `message`. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  constructor(reply: ErrorReply) {
    super(reply.message);
    this.name = "BackendError";
    this.code = reply.code;
    this.fields = reply.fields;
  }
}

/** What to tell the person when a call fails: the backend's own sentence, or the error as text. */
export function errorText(e: unknown): string {
  return e instanceof BackendError ? e.message : String(e);
}

/**
 * Who is told when a call finds the data file damaged while the app is in use: the app
 * then shows the same screen as damage found at opening, with the restore.
 */
let damageListener: (() => void) | null = null;
export function onDatabaseDamaged(listener: () => void) {
  damageListener = listener;
}

/**
 * Throws what a command's rejection means as a BackendError: the command's own report
 * (`ErrorReply`, from Rust's `ApiError`), or, for a call Tauri itself refused (arguments the
 * command cannot read, which it reports as a bare string), an `internal` error that says
 * it in words. A JavaScript `Error` (no Tauri at all) is thrown as it is.
 */
export function failed(rejection: unknown): never {
  if (rejection instanceof Error) throw rejection;
  const report: ErrorReply =
    typeof rejection === "object" && rejection !== null && "code" in rejection
      ? (rejection as ErrorReply)
      : { code: "internal", message: `The app could not do that: ${String(rejection)}`, fields: [] };
  if (report.code === "database_damaged") damageListener?.();
  throw new BackendError(report);
}
