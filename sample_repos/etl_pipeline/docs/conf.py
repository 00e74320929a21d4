# -*- coding: utf-8 -*-
import os
import sys

sys.path.insert(0, os.path.abspath('..'))

project = u'nightly-etl'
copyright = u'2016, Data Engineering'
version = '0.9'
release = '0.9.4'

extensions = ['sphinx.ext.autodoc']
master_doc = 'index'
source_suffix = '.rst'
exclude_patterns = ['_build']
html_theme = 'alabaster'
