await new Promise((resolve) => setTimeout(resolve, 10));
export const value = 'after await';
