import { Anchor, Box, Breadcrumbs, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useDropTarget, type DraggedItem } from './dragAndDrop';

interface Crumb {
  id: string | null;
  name: string;
}

/** "Drive / Clients / Acme": every crumb but the last links there and takes dropped rows. */
export function DriveBreadcrumbs({ path, onDropItem }: { path: Crumb[]; onDropItem: (item: DraggedItem, folderId: string | null) => void }) {
  return (
    <Box component="nav" aria-label="Folder path">
      <Breadcrumbs separatorMargin={6}>
        {path.map((crumb, i) =>
          i === path.length - 1 ? (
            <Text key={crumb.id ?? 'root'} fz="sm" fw={600} aria-current="page">
              {crumb.name}
            </Text>
          ) : (
            <CrumbLink key={crumb.id ?? 'root'} crumb={crumb} onDropItem={onDropItem} />
          ),
        )}
      </Breadcrumbs>
    </Box>
  );
}

function CrumbLink({ crumb, onDropItem }: { crumb: Crumb; onDropItem: (item: DraggedItem, folderId: string | null) => void }) {
  const drop = useDropTarget({ onItem: (item) => onDropItem(item, crumb.id) });
  return (
    <Anchor
      component={Link}
      to={crumb.id ? `/app/drive/folders/${crumb.id}` : '/app/drive'}
      fz="sm"
      {...drop.props}
      style={drop.over ? { outline: '2px dashed var(--mantine-color-blue-5)', borderRadius: 4 } : undefined}
    >
      {crumb.name}
    </Anchor>
  );
}
