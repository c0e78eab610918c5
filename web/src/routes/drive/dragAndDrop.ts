import { useRef, useState, type DragEvent } from 'react';

/** Native drag and drop: drive rows carry this type; files from the desktop carry 'Files'. */
const ITEM_TYPE = 'application/x-skit-drive-item';

export interface DraggedItem {
  kind: 'folder' | 'file';
  id: string;
  name: string;
}

export function startItemDrag(e: DragEvent, item: DraggedItem): void {
  e.dataTransfer.setData(ITEM_TYPE, JSON.stringify(item));
  e.dataTransfer.setData('text/plain', item.name);
  e.dataTransfer.effectAllowed = 'move';
}

export const carriesItem = (e: DragEvent) => Array.from(e.dataTransfer.types).includes(ITEM_TYPE);
export const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

export function draggedItem(e: DragEvent): DraggedItem | null {
  try {
    const raw = e.dataTransfer.getData(ITEM_TYPE);
    return raw ? (JSON.parse(raw) as DraggedItem) : null;
  } catch {
    return null;
  }
}

export interface DropHandlers {
  onItem?: (item: DraggedItem) => void;
  onFiles?: (files: File[]) => void;
}

/**
 * Makes an element a drop target for drive rows and/or desktop files. The
 * enter/leave counter keeps the highlight steady while the pointer crosses
 * child elements.
 */
export function useDropTarget({ onItem, onFiles }: DropHandlers) {
  const depth = useRef(0);
  const [over, setOver] = useState(false);
  const accepts = (e: DragEvent) => (!!onItem && carriesItem(e)) || (!!onFiles && carriesFiles(e));
  return {
    over,
    props: {
      onDragEnter: (e: DragEvent) => {
        if (!accepts(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.stopPropagation();
        e.dataTransfer.dropEffect = carriesItem(e) ? 'move' : 'copy';
      },
      onDragLeave: (e: DragEvent) => {
        if (!accepts(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.stopPropagation();
        depth.current = 0;
        setOver(false);
        const item = carriesItem(e) ? draggedItem(e) : null;
        if (item && onItem) onItem(item);
        else if (onFiles && e.dataTransfer.files.length > 0) onFiles(Array.from(e.dataTransfer.files));
      },
    },
  };
}
