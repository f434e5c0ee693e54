"""The pages of the steps' content: `content` serves every step's one-record forms and list
items from the `dialog.steps` registry (generic create, update and delete); the other modules
hold the pages one step has of its own (the input register, tagging, forwarding, the proposal's
points, the follow-up's actions), one module per step as in `dialog.steps`.
"""
