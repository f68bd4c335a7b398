"""Deployment: the nginx template and the multi-process launcher (``python -m deploy.run_multi``)."""
