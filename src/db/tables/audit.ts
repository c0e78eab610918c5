export interface AuditRow {
  id: string;
  portal_id: string;
  actor_type: 'user' | 'system' | 'operator' | 'guest';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object or null. */
  details: string | null;
  created_at: string;
}

export interface AuditTables {
  audit_log: AuditRow;
}
