-- params: none
-- Safety-passport items with the columns the passport indicators need (no free text).
SELECT hromada, priority, due_on, status, updated_on, reviewed_on
FROM passport_items
ORDER BY hromada, due_on
