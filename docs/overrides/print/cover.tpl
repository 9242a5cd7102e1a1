{#- Cover of the combined print page (mkdocs-print-site-plugin renders it with `config`). -#}
<div class="kb-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="kb-cover__lead">The whole guide, to print or save: every article on spasticity in
  multiple sclerosis, the treatments people use, and what living with it is like.</p>
  <p><strong>Made on:</strong> {{ config.extra.kb_build_date }}<br>
  {% if config.site_url %}<strong>Web address:</strong> {{ config.site_url }}{% endif %}</p>
  <div class="kb-disclaimer">
    <p><strong>Disclaimer:</strong> {{ config.extra.kb_disclaimer }}</p>
  </div>
</div>
