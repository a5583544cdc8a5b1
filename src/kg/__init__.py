"""Knowledge graph for Dutch area development (gebiedsontwikkeling).

Data flows one way: sources (ontology/, data/, shapes/) -> build -> store -> query / validate /
audit -> CLI / HTTP / web. Each module does one of those jobs.
"""

__version__ = "0.1.0"
