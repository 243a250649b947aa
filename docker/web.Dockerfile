# The console as static files behind nginx, proxying /api to the API service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY libs/domain/package.json libs/domain/package.json
COPY libs/api-client/package.json libs/api-client/package.json
RUN npm ci
COPY . .
RUN npx nx run web:build --output-style=stream

FROM nginx:1.28-alpine
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY docker/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/dist/apps/web /usr/share/nginx/html
EXPOSE 8080
