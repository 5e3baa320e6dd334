// Top-level await whose promise rejects after the module started.
await new Promise((resolve) => setTimeout(resolve, 0));
throw new Error('rejected after top-level await');
