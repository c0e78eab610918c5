import type { Executor } from '../../db/scope.js';
import type { PortalContext } from '../../server/context.js';

/**
 * Domain events that automations react to. Services call `emitRecordEvent`
 * inside the transaction of the change that caused the event, so the event
 * exists if and only if the change commits (AUT-1).
 */
export type AutomationEventType = 'record.created' | 'record.updated' | 'deal.stage_changed' | 'task.overdue' | 'booking.created';
export type AutomationEntity = 'company' | 'contact' | 'lead' | 'deal' | 'task' | 'booking';

export interface RecordEvent {
  type: AutomationEventType;
  entity: AutomationEntity;
  recordId: string;
  /** For updates: the fields that changed, old and new values. */
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** Extra context, e.g. { pipelineId, fromStageId, toStageId } for deal.stage_changed. */
  data?: Record<string, unknown>;
}

export async function emitRecordEvent(_ctx: PortalContext, _executor: Executor, _event: RecordEvent): Promise<void> {
  // Implemented by the automations module.
}
