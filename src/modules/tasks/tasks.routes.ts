import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/context.js';
import { portalContext } from '../../kernel/http.js';
import { noContent } from '../../kernel/openapi.js';
import * as s from './tasks.schema.js';
import * as projects from './projects.service.js';
import * as tasks from './tasks.service.js';
import * as comments from './comments.service.js';

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export async function tasksRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = 'user' as const;

  // --- Projects ---------------------------------------------------------------------------------
  r.post('/api/projects', {
    config: { auth },
    schema: { operationId: 'createProject', tags: ['projects'], summary: 'Create a project', body: s.createProjectBody, response: { 201: s.projectOut } },
    handler: async (req, reply) => reply.status(201).send(await projects.createProject(portalContext(req, deps), req.body)),
  });

  r.get('/api/projects', {
    config: { auth },
    schema: {
      operationId: 'listProjects',
      tags: ['projects'],
      summary: 'Projects, searchable by name',
      querystring: s.projectListQuery,
      response: { 200: page(s.projectOut) },
    },
    handler: async (req) => projects.getProjects(portalContext(req, deps), req.query),
  });

  r.get('/api/projects/:id', {
    config: { auth },
    schema: { operationId: 'getProject', tags: ['projects'], summary: 'One project', params: s.idParams, response: { 200: s.projectOut } },
    handler: async (req) => projects.getProject(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/projects/:id', {
    config: { auth },
    schema: {
      operationId: 'updateProject',
      tags: ['projects'],
      summary: 'Rename, describe, archive or restore a project',
      params: s.idParams,
      body: s.updateProjectBody,
      response: { 200: s.projectOut },
    },
    handler: async (req) => projects.updateProject(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/projects/:id', {
    config: { auth, errors: ['INVALID_REFERENCE', 'PROJECT_HAS_TASKS'] },
    schema: {
      operationId: 'deleteProject',
      tags: ['projects'],
      summary: 'Delete a project (one with tasks: move them with ?moveTasksTo=<projectId>, or delete them with ?deleteTasks=true)',
      params: s.idParams,
      querystring: s.deleteProjectQuery,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await projects.deleteProject(portalContext(req, deps), req.params.id, {
        moveTasksTo: req.query.moveTasksTo,
        deleteTasks: req.query.deleteTasks === 'true',
      });
      return reply.status(204).send();
    },
  });

  // --- Tasks ------------------------------------------------------------------------------------
  r.post('/api/tasks', {
    config: { auth, errors: ['INVALID_REFERENCE', 'TASK_CYCLE'] },
    schema: { operationId: 'createTask', tags: ['tasks'], summary: 'Create a task', body: s.createTaskBody, response: { 201: s.taskOut } },
    handler: async (req, reply) => reply.status(201).send(await tasks.createTask(portalContext(req, deps), req.body)),
  });

  r.get('/api/tasks', {
    config: { auth },
    schema: {
      operationId: 'listTasks',
      tags: ['tasks'],
      summary: 'Tasks: search, filter, sort',
      querystring: s.taskListQuery,
      response: { 200: page(s.taskOut) },
    },
    handler: async (req) => tasks.listTasks(portalContext(req, deps), req.query),
  });

  r.get('/api/tasks/:id', {
    config: { auth },
    schema: { operationId: 'getTask', tags: ['tasks'], summary: 'One task', params: s.idParams, response: { 200: s.taskOut } },
    handler: async (req) => tasks.getTask(portalContext(req, deps), req.params.id),
  });

  r.patch('/api/tasks/:id', {
    config: { auth, errors: ['INVALID_REFERENCE', 'TASK_CYCLE'] },
    schema: {
      operationId: 'updateTask',
      tags: ['tasks'],
      summary: 'Change a task (null clears a field)',
      params: s.idParams,
      body: s.updateTaskBody,
      response: { 200: s.taskOut },
    },
    handler: async (req) => tasks.updateTask(portalContext(req, deps), req.params.id, req.body),
  });

  r.delete('/api/tasks/:id', {
    config: { auth, errors: ['TASK_HAS_SUBTASKS'] },
    schema: {
      operationId: 'deleteTask',
      tags: ['tasks'],
      summary: 'Delete a task (one with subtasks needs ?deleteSubtasks=true)',
      params: s.idParams,
      querystring: s.deleteTaskQuery,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await tasks.deleteTask(portalContext(req, deps), req.params.id, { deleteSubtasks: req.query.deleteSubtasks === 'true' });
      return reply.status(204).send();
    },
  });

  // --- Comments ---------------------------------------------------------------------------------
  r.get('/api/tasks/:id/comments', {
    config: { auth },
    schema: {
      operationId: 'listTaskComments',
      tags: ['tasks'],
      summary: "A task's comments, oldest first",
      params: s.idParams,
      response: { 200: z.object({ items: z.array(s.commentOut) }) },
    },
    handler: async (req) => ({ items: await comments.getComments(portalContext(req, deps), req.params.id) }),
  });

  r.post('/api/tasks/:id/comments', {
    config: { auth },
    schema: {
      operationId: 'createTaskComment',
      tags: ['tasks'],
      summary: 'Comment on a task',
      params: s.idParams,
      body: s.commentBody,
      response: { 201: s.commentOut },
    },
    handler: async (req, reply) => reply.status(201).send(await comments.addComment(portalContext(req, deps), req.params.id, req.body.body)),
  });

  r.patch('/api/tasks/:id/comments/:commentId', {
    config: { auth, errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'updateTaskComment',
      tags: ['tasks'],
      summary: 'Edit a comment (its author or an admin)',
      params: s.commentParams,
      body: s.commentBody,
      response: { 200: s.commentOut },
    },
    handler: async (req) => comments.editComment(portalContext(req, deps), req.params.id, req.params.commentId, req.body.body),
  });

  r.delete('/api/tasks/:id/comments/:commentId', {
    config: { auth, errors: ['FORBIDDEN'] },
    schema: {
      operationId: 'deleteTaskComment',
      tags: ['tasks'],
      summary: 'Delete a comment (its author or an admin)',
      params: s.commentParams,
      response: { 204: noContent },
    },
    handler: async (req, reply) => {
      await comments.deleteComment(portalContext(req, deps), req.params.id, req.params.commentId);
      return reply.status(204).send();
    },
  });
}
