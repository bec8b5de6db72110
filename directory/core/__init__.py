"""What every feature stands on: configuration, extensions, the database set-up, the request's one
commit (web), the input boundary (requests), security headers, languages, the durable mail queue,
background jobs and the worker, collation and shared form fields."""
