import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Body, Json } from '../../api/types';
import { client, unwrap } from '../../api/client';

/** Every cached task list and task (keys start with /api/tasks), after a change. */
export function invalidateTasks(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/tasks') }),
    queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/projects') }),
  ]);
}

export function useUsers() {
  const q = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'], staleTime: 60_000 });
  const users = q.data?.items ?? [];
  const nameOf = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? 'Unknown user') : null);
  return { ...q, users, nameOf };
}

/** All projects for pickers and labels (a portal has few enough to list at once). */
export function useAllProjects() {
  const q = useQuery({
    queryKey: ['/api/projects?sort=name&limit=200'],
    queryFn: ({ signal }) => unwrap(client.GET('/api/projects', { signal, params: { query: { sort: 'name', limit: 200 } } })),
    staleTime: 30_000,
  });
  const projects = q.data?.items ?? [];
  const projectOf = (id: string | null) => (id ? projects.find((p) => p.id === id) : undefined);
  return { ...q, projects, projectOf };
}

export const createTask = (input: Body<'/api/tasks', 'post'>) => unwrap(client.POST('/api/tasks', { body: input }));
export const updateTask = (id: string, input: Body<'/api/tasks/{id}', 'patch'>) =>
  unwrap(client.PATCH('/api/tasks/{id}', { params: { path: { id } }, body: input }));
export const deleteTask = (id: string, deleteSubtasks = false) =>
  unwrap(client.DELETE('/api/tasks/{id}', { params: { path: { id }, query: { deleteSubtasks: deleteSubtasks ? 'true' : undefined } } }));
