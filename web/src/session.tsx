import { createContext, useContext } from "react";
import type { Session } from "./contract";

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the signed-in shell");
  return session;
}

export const isAdmin = (session: Session): boolean => session.user.role === "admin";
