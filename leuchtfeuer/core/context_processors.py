def site(request):
    return {"SITE_NAME": "Leuchtfeuer"}
