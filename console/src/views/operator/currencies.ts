/** The currencies the admin API accepts for customers, plans and prices. */
export const currencies = ['USD', 'EUR', 'GBP', 'CNY', 'HKD', 'SGD', 'JPY', 'KRW', 'INR', 'CAD', 'AUD', 'CHF'] as const;
