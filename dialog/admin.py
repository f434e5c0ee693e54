# Dialogues are changed only through dialog.services (transitions, permissions, audit), never in
# the admin: the admin is for configuration (bodies, memberships, people), kept in roles/admin.py.
