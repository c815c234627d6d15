"""Background jobs of the people register: none in this increment (reminders and training
assignments come with the next ones)."""
