"""Channel publishers (website, KCC kennisbank, chatbot, social): one module per channel, depending on a
typed payload rather than on ORM models. Filled by the publishing issue; nothing here runs yet."""
