# The API, worker and migrations image: one build, three entry points (docker/compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY libs/domain/package.json libs/domain/package.json
COPY libs/api-client/package.json libs/api-client/package.json
RUN npm ci
COPY . .
RUN npx nx run-many -t build --projects=domain,api,web --output-style=stream \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs/domain/package.json ./libs/domain/package.json
COPY --from=build /app/libs/domain/dist ./libs/domain/dist
COPY --from=build /app/dist ./dist
# Files from messages (sealed) when ATTACHMENTS_STORE=local, and the audit chain's checkpoints:
# volumes the api and worker share (a fresh named volume takes these owners and modes).
RUN mkdir -p /data/attachments /data/audit-checkpoints && chown node:node /data/attachments /data/audit-checkpoints && chmod 700 /data/attachments /data/audit-checkpoints
USER node
EXPOSE 3000
# No HEALTHCHECK here: the API, the worker and the migrations run this one image, and each
# needs its own (docker/compose.yml: /api/health/ready, cli/worker-health.js, none).
CMD ["node", "dist/apps/api/main.js"]
