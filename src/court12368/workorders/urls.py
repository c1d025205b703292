from django.urls import path

from court12368.workorders import caller_number, notices, petition_views, recordings, search, views

urlpatterns = [
    path("", views.inbox, name="order-inbox"),
    path("callbacks/", views.callbacks, name="order-callbacks"),
    # Before "<number>/", which would take "notices" for an order number.
    path("notices/", notices.notice_list, name="order-notices"),
    path("notices/read/", notices.notices_all_read, name="order-notices-all-read"),
    path("notices/<int:pk>/read/", notices.notice_read, name="order-notice-read"),
    path("search/", search.search, name="order-search"),  # before "<number>/" too
    path("<str:number>/", views.detail, name="order-detail"),
    path("<str:number>/acknowledge/", views.acknowledge, name="order-acknowledge"),
    path("<str:number>/reply/", views.reply, name="order-reply"),
    path("<str:number>/transfer/", views.transfer, name="order-transfer"),
    path("<str:number>/return/", views.return_order, name="order-return"),
    path("<str:number>/dispatch/", views.dispatch, name="order-dispatch"),
    path("<str:number>/type/", views.confirm_type, name="order-confirm-type"),
    path("<str:number>/forward/", views.forward, name="order-forward"),
    path("<str:number>/resolve/", views.resolve, name="order-resolve"),
    path("<str:number>/inform/", views.inform, name="order-inform"),
    path("<str:number>/callback/", views.callback, name="order-callback"),
    path("<str:number>/attachments/<int:pk>/", views.attachment, name="order-attachment"),
    path("<str:number>/recordings/<int:pk>/", recordings.play, name="order-recording"),
    path("<str:number>/caller-number/", caller_number.reveal, name="order-caller-number"),
    path("<str:number>/petition/<str:step>/", petition_views.petition_step, name="order-petition"),
]
