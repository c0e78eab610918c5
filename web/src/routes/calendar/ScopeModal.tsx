import { Button, Group, Modal, Stack, Text } from '@mantine/core';

export type Scope = 'this' | 'all';

interface ScopeModalProps {
  action: 'save' | 'delete' | null;
  onChoose: (scope: Scope) => void;
  onClose: () => void;
}

/** "This event / All events": the question every calendar asks before changing one occurrence of a series. */
export function ScopeModal({ action, onChoose, onClose }: ScopeModalProps) {
  const verb = action === 'delete' ? 'Delete' : 'Change';
  return (
    <Modal opened={!!action} onClose={onClose} title={<Text fw={600}>{verb} a repeating event</Text>} size="sm">
      <Stack gap="md">
        <Text fz="sm">This event repeats. {verb} only this occurrence, or every occurrence of it?</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="light" color={action === 'delete' ? 'red' : undefined} onClick={() => onChoose('this')} data-autofocus>
            This event
          </Button>
          <Button color={action === 'delete' ? 'red' : undefined} onClick={() => onChoose('all')}>
            All events
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
